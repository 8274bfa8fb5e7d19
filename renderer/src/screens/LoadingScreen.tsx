import { Layout } from '../components/Layout';

export function LoadingScreen() {
  return (
    <Layout store={null} label="Starting">
      <p className="lede" role="status">
        Opening the store database…
      </p>
    </Layout>
  );
}
