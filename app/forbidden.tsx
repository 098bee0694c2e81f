import Link from 'next/link';

export default function Forbidden() {
  return (
    <div className="error-page">
      <h1>Not allowed</h1>
      <p>Your account does not have access to this page.</p>
      <p>
        <Link href="/">Back to the course map</Link>
      </p>
    </div>
  );
}
